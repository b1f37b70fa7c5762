package io.msistream.bench;

import io.msistream.crypto.json.JsonValue;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a JMH JSON result ({@code -rf json -rff result.json}) of these benchmarks into Markdown
 * tables: MB/s for the sized benchmarks with ratios to BouncyCastle's secretbox and to AES-GCM in
 * the same run, and ops/s for the others.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.msistream.bench.JmhTable result.json}
 */
public final class JmhTable {
  private JmhTable() {}

  public static void main(String[] args) throws Exception {
    List<JsonValue> runs = JsonValue.read(Path.of(args[0])).list();
    Map<String, Double> score = new LinkedHashMap<>();
    Map<String, Double> error = new LinkedHashMap<>();
    StringBuilder other = new StringBuilder();
    other.append("| benchmark | ops/s | ± |\n|---|---:|---:|\n");
    for (JsonValue r : runs) {
      String name = r.get("benchmark").str().replaceAll(".*\\.", "");
      JsonValue params = r.opt("params");
      double s = r.get("primaryMetric").get("score").asDouble();
      double e = r.get("primaryMetric").get("scoreError").asDouble();
      if (!params.isNull() && params.has("size")) {
        String key = name + "@" + params.get("size").str();
        score.put(key, s);
        error.put(key, e);
      } else {
        String p = params.isNull() ? "" : " " + params.get(params.keys().get(0)).str();
        other.append(String.format(Locale.ROOT, "| %s%s | %,.0f | %,.0f |%n", name, p, s, e));
      }
    }
    StringBuilder t = new StringBuilder();
    t.append("| benchmark | size | MB/s | ± | × BC same op | × AES-GCM same op |\n");
    t.append("|---|---:|---:|---:|---:|---:|\n");
    for (Map.Entry<String, Double> en : score.entrySet()) {
      String[] k = en.getKey().split("@");
      int size = Integer.parseInt(k[1]);
      double mbs = en.getValue() * size / 1e6;
      boolean open = k[0].startsWith("open") || k[0].startsWith("decrypt");
      Double bc = score.get((open ? "openBouncyCastle" : "sealBouncyCastle") + "@" + size);
      Double gcm = score.get((open ? "openAesGcm" : "sealAesGcm") + "@" + size);
      t.append(String.format(Locale.ROOT, "| %s | %s | %,.0f | %,.0f | %s | %s |%n", k[0], label(size), mbs,
          error.get(en.getKey()) * size / 1e6, ratio(en.getValue(), bc), ratio(en.getValue(), gcm)));
    }
    System.out.print(t);
    System.out.println();
    System.out.print(other);
  }

  private static String ratio(double a, Double b) {
    return b == null ? "" : String.format(Locale.ROOT, "%.2f", a / b);
  }

  private static String label(int size) {
    return size % 1024 == 0 ? size / 1024 + " KiB" : size + " B";
  }
}
