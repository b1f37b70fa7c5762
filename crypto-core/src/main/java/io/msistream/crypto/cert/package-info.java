/**
 * KafkaCrypto certificates, chains and trust (spec sections 5 and 7).
 *
 * <ul>
 *   <li>{@link io.msistream.crypto.cert.Certificate} — an unsigned certificate
 *       {@code [expiry, bin(poison), pk, extra...]} decoded with its exact bytes;
 *       {@link io.msistream.crypto.cert.Poison} its constraints; {@link io.msistream.crypto.cert.CertKey}
 *       and {@link io.msistream.crypto.cert.PublicKey} its key field.
 *   <li>{@link io.msistream.crypto.cert.Chain} — {@code pack([bin(signed)...])};
 *       {@link io.msistream.crypto.cert.SigningKey} signs bodies (type 1 or 4).
 *   <li>{@link io.msistream.crypto.cert.ChainValidator} — Python's {@code process_chain}, verdict for
 *       verdict, over {@link io.msistream.crypto.cert.TrustLists}; returns a
 *       {@link io.msistream.crypto.cert.ValidatedChain} or throws
 *       {@link io.msistream.crypto.cert.ChainValidationException} with a reason.
 *   <li>Builders: {@link io.msistream.crypto.cert.CertificateBuilder},
 *       {@link io.msistream.crypto.cert.ProvisioningCerts} (roots, provisioner and node
 *       certificates), {@link io.msistream.crypto.cert.ExchangeLeaves} (request/reply leaf bodies).
 *   <li>{@link io.msistream.crypto.cert.ManagementUpdates} — acceptance rules for the
 *       {@code chains}, {@code allowlist} and {@code denylist} topics.
 * </ul>
 *
 * <pre>{@code
 * ChainValidator v = ChainValidator.create(node.trust());
 * ValidatedChain ok = v.validate(chainBytes, "openmsitest", "key-encrypt", nowSeconds);
 * }</pre>
 */
package io.msistream.crypto.cert;
