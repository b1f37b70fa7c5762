package io.msistream.crypto.ini;

/** A stored option: its raw (uninterpolated) value and the line it was read from (0 if set in code). */
record Entry(String value, int line) {}
