/**
 * The executable Java reference of the Linux dma-buf protocol, after the guide
 * {@code dma-buf-sharing.txt} and the TLA+ specification in {@code spec/}.
 *
 * <p>{@link org.dmabufspec.reference.ReferenceKernel} is the facade: one method per spec action,
 * addressed by the spec's names, returning {@link org.dmabufspec.reference.Result}s (an outcome
 * and {@code ret}, or an {@link org.dmabufspec.reference.Errno}), projecting its state as a
 * {@link org.dmabufspec.reference.Snapshot} of the spec's variables, and reporting every call to
 * an {@link org.dmabufspec.reference.EventSink}. Behind it, one class per kernel concept:
 * {@link org.dmabufspec.reference.DmaBuf}, {@link org.dmabufspec.reference.DmaBufOps},
 * {@link org.dmabufspec.reference.DmaBufAttachment}, {@link org.dmabufspec.reference.SgTable},
 * {@link org.dmabufspec.reference.Device}, {@link org.dmabufspec.reference.Process} and its
 * {@link org.dmabufspec.reference.FdTable}, {@link org.dmabufspec.reference.Mapping},
 * {@link org.dmabufspec.reference.KernelContext}; the exporters
 * {@link org.dmabufspec.reference.GuideExporter} and
 * {@link org.dmabufspec.reference.StrictExporter}, chosen by an
 * {@link org.dmabufspec.reference.ExporterPolicy}. The package-private classes
 * {@code DmaBufLifecycle}, {@code DmaBufCpu} and {@code DmaBufFile} implement the actions of the
 * spec modules of the same names.
 *
 * <p>{@link org.dmabufspec.reference.Invariants} evaluates the spec's safety properties on a
 * snapshot. The package depends on nothing but the JDK.
 */
package org.dmabufspec.reference;
