package io.msistream.stream.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * OpenMSIStream's line format (spec §13): {@code [<Program> YYYY-MM-DD HH:MM:SS] <message>} in local
 * time, warnings prefixed {@code WARNING: } and errors {@code ERROR: } unless the message already
 * starts that way. A throwable attached to the event follows on the next lines.
 */
public final class MsiLayout extends LayoutBase<ILoggingEvent> {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private final String program;
  private final ZoneId zone;

  public MsiLayout(String program, ZoneId zone) {
    this.program = program;
    this.zone = zone;
  }

  public MsiLayout(String program) {
    this(program, ZoneId.systemDefault());
  }

  @Override
  public String doLayout(ILoggingEvent event) {
    StringBuilder sb = new StringBuilder(128);
    sb.append('[').append(program).append(' ')
        .append(TIME.format(Instant.ofEpochMilli(event.getTimeStamp()).atZone(zone)))
        .append("] ");
    String msg = event.getFormattedMessage();
    if (msg == null) {
      msg = "null";
    }
    Level level = event.getLevel();
    if (level == Level.ERROR && !msg.startsWith("ERROR: ")) {
      sb.append("ERROR: ");
    } else if (level == Level.WARN && !msg.startsWith("WARNING: ")) {
      sb.append("WARNING: ");
    }
    sb.append(msg).append(CoreConstants.LINE_SEPARATOR);
    IThrowableProxy t = event.getThrowableProxy();
    if (t != null) {
      sb.append(ThrowableProxyUtil.asString(t)).append(CoreConstants.LINE_SEPARATOR);
    }
    return sb.toString();
  }
}
