/**
 * {@code ProvisionNode}: KafkaCrypto node provisioning compatible with simple-provision (spec
 * kafkacrypto 5.5, 8.4, 13.1; openmsistream 10).
 *
 * <ul>
 *   <li>{@link io.msistream.tools.provision.ProvisionNode} — the command line and its output;
 *   <li>{@link io.msistream.tools.provision.Interview} with a
 *       {@link io.msistream.tools.provision.Prompter} (terminal or answer stream) and
 *       {@link io.msistream.tools.provision.Presets} (flags) — simple-provision's questions;
 *   <li>{@link io.msistream.tools.provision.Answers},
 *       {@link io.msistream.tools.provision.RoleChoice},
 *       {@link io.msistream.tools.provision.TopicRoots},
 *       {@link io.msistream.tools.provision.Passwords} — the one place answers are checked;
 *   <li>{@link io.msistream.tools.provision.ProvisionedNode} — the node in memory (crypto-core's
 *       password keys, provisioning certificates and node files);
 *   <li>{@link io.msistream.tools.provision.NodeFolder} — staging folder, atomic rename into
 *       place, {@code --force};
 *   <li>{@link io.msistream.tools.provision.ScriptProvisioning} — OpenMSIStream's
 *       {@code --script-path}: run an external script, verify and install its files.
 * </ul>
 */
package io.msistream.tools.provision;
