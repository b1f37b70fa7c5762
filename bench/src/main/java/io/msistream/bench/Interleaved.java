package io.msistream.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A load-tolerant companion to the JMH runs for a shared, noisy machine: the same benchmark
 * methods run in short alternating time slices, round after round, so a neighbour's load hits every
 * variant alike; the ratios are medians of per-round ratios. Not a replacement for JMH (no forks,
 * no blackhole), but its ratios are far more stable when other builds share the cores.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.msistream.bench.Interleaved [rounds] [sliceMillis]}
 */
public final class Interleaved {
  private static volatile Object sink;

  private Interleaved() {}

  @FunctionalInterface
  interface Op {
    Object run() throws Exception;
  }

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 12;
    long slice = (args.length > 1 ? Long.parseLong(args[1]) : 300) * 1_000_000L;
    System.out.println("| size | op | ours MB/s | BC MB/s | AES-GCM MB/s | ours × BC | ours × AES-GCM |");
    System.out.println("|---:|---|---:|---:|---:|---:|---:|");
    for (int size : new int[] {1024, 65536, 524288}) {
      SecretBoxBench b = new SecretBoxBench();
      b.size = size;
      b.setup();
      RecordBench r = new RecordBench();
      r.size = size;
      r.setup();
      Map<String, Op> ops = new LinkedHashMap<>();
      ops.put("sealOurs", b::sealOurs);
      ops.put("sealBouncyCastle", b::sealBouncyCastle);
      ops.put("sealAesGcm", b::sealAesGcm);
      ops.put("openOurs", b::openOurs);
      ops.put("openBouncyCastle", b::openBouncyCastle);
      ops.put("openAesGcm", b::openAesGcm);
      ops.put("encryptRecord", r::encryptRecord);
      ops.put("decryptRecord", r::decryptRecord);
      Map<String, List<Double>> mbs = new LinkedHashMap<>();
      for (String k : ops.keySet()) {
        mbs.put(k, new ArrayList<>());
      }
      for (int round = -3; round < rounds; round++) { // three warm-up rounds
        for (Map.Entry<String, Op> e : ops.entrySet()) {
          double v = measure(e.getValue(), slice) * size / 1e6;
          if (round >= 0) {
            mbs.get(e.getKey()).add(v);
          }
        }
      }
      row(size, "seal", mbs.get("sealOurs"), mbs.get("sealBouncyCastle"), mbs.get("sealAesGcm"));
      row(size, "open", mbs.get("openOurs"), mbs.get("openBouncyCastle"), mbs.get("openAesGcm"));
      row(size, "record encrypt (vs seal)", mbs.get("encryptRecord"), mbs.get("sealBouncyCastle"), mbs.get("sealAesGcm"));
      row(size, "record decrypt (vs open)", mbs.get("decryptRecord"), mbs.get("openBouncyCastle"), mbs.get("openAesGcm"));
    }
  }

  private static double measure(Op op, long nanos) throws Exception {
    long start = System.nanoTime();
    long n = 0;
    long now;
    do {
      sink = op.run();
      n++;
      now = System.nanoTime();
    } while (now - start < nanos);
    return n / ((now - start) / 1e9);
  }

  private static void row(int size, String op, List<Double> ours, List<Double> bc, List<Double> gcm) {
    double[] rBc = new double[ours.size()];
    double[] rGcm = new double[ours.size()];
    for (int i = 0; i < ours.size(); i++) {
      rBc[i] = ours.get(i) / bc.get(i);
      rGcm[i] = ours.get(i) / gcm.get(i);
    }
    System.out.printf(Locale.ROOT, "| %d KiB | %s | %,.0f | %,.0f | %,.0f | %.2f | %.2f |%n", size / 1024, op,
        median(ours), median(bc), median(gcm), median(rBc), median(rGcm));
  }

  private static double median(List<Double> v) {
    return median(v.stream().mapToDouble(Double::doubleValue).toArray());
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }
}
