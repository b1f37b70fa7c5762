/**
 * {@code KeyKeeper}: a provisioned node that keeps the keys of encrypted topics and serves them
 * to consumers when the producing node is offline (short-lived producers such as
 * {@code UploadDataFile}, crashed uploaders). {@link io.msistream.tools.keeper.Keeper} is the
 * running keeper (start/close, usable in-process); {@link io.msistream.tools.keeper.KeyKeeper} the
 * command line. Trust model and operation: README, section "Key keeper".
 */
package io.msistream.tools.keeper;
