/**
 * The Java reference as a replay target:
 * {@link org.dmabufspec.conformance.reference.ReferenceTarget} drives a
 * {@code ReferenceKernel} in STEPPED scheduling, built from a model config's constants
 * ({@link org.dmabufspec.conformance.reference.ModelConstants}), and projects its state in
 * exactly the shapes TLC prints ({@link org.dmabufspec.conformance.reference.SnapshotProjection}).
 */
package org.dmabufspec.conformance.reference;
