/**
 * One command-line convention for every tool.
 *
 * <ul>
 *   <li>{@link io.msistream.stream.cli.Arg}, {@link io.msistream.stream.cli.ArgTypes},
 *       {@link io.msistream.stream.cli.CommonArgs} — arguments declared once with OpenMSIStream's
 *       names, types, defaults, validators and help;
 *   <li>{@link io.msistream.stream.cli.CliSpec} → {@link io.msistream.stream.cli.CliArgs} —
 *       argparse-like parsing on commons-cli;
 *   <li>{@link io.msistream.stream.cli.ToolMain} — help/version (exit 0), usage and config errors
 *       (one line, exit 2, any {@link io.msistream.stream.cli.UserError}), other failures (exit 1),
 *       logging set up from {@code --logger_*};
 *   <li>{@link io.msistream.stream.cli.ControlledProcess} with
 *       {@link io.msistream.stream.cli.StopSignal} — {@code q}/{@code c} on stdin, graceful stop on
 *       SIGTERM/SIGINT, periodic update lines.
 * </ul>
 */
package io.msistream.stream.cli;
