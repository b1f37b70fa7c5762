package io.msistream.stream.cli;

/** A child JVM for {@link ControlledProcessTest}: waits for a stop, then reports how it stopped. */
public final class ControlledProcessDemo {
  private ControlledProcessDemo() {}

  public static void main(String[] args) throws Exception {
    ControlledProcess p = ControlledProcess.builder("Demo").input(null).build();
    p.run(stop -> {
      System.out.println("ready");
      System.out.flush();
      stop.await();
      System.out.println("stopped: " + stop.reason());
      Thread.sleep(300); // a slow flush: the JVM must not exit before it ends
      System.out.println("cleanup done");
      System.out.flush();
    });
  }
}
