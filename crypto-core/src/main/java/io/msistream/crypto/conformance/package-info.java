/**
 * The conformance runner: checks this library against a directory of interoperability vectors
 * made by the Python libraries, laid out like {@code shared/interop} (see its README).
 *
 * <ul>
 *   <li>{@link io.msistream.crypto.conformance.ConformanceMain} — the command
 *       {@code java -jar crypto-core.jar conformance DIR}, its output format and exit status.
 *   <li>{@link io.msistream.crypto.conformance.ConformanceRunner} — runs the checkers over a
 *       directory; {@link io.msistream.crypto.conformance.CaseResult} is one case's outcome.
 *   <li>{@link io.msistream.crypto.conformance.Checker} — one per vector file (or part of one):
 *       {@code derivation.json}, {@code messages.json}, {@code chains.json},
 *       {@code exchange.json}, {@code files.json} ({@code crypto_files}, {@code seed_files},
 *       {@code config_samples}), {@code nodes/nodes.json} with the node folders,
 *       {@code chunks/chunks.json} ({@code encrypted_chunk} only), and the specification's
 *       section 13 examples.
 * </ul>
 *
 * Every check exists once, here; the unit tests run the same checkers on the shared set. Inputs
 * that differ between vector sets (passwords, roots, nodes, messages) are read from the vector
 * files, never assumed.
 */
package io.msistream.crypto.conformance;
