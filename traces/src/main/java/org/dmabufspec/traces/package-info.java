/**
 * Traces between the spec and the implementations (ARCHITECTURE.md, Traces).
 *
 * <ul>
 *   <li>Model: {@link org.dmabufspec.traces.Trace} (states of the spec's variables, with
 *       {@link org.dmabufspec.traces.TraceMeta}), its {@link org.dmabufspec.traces.Step}s, each
 *       an {@link org.dmabufspec.traces.ActionCall} read from the target state's
 *       {@code lastAction}.</li>
 *   <li>Spec to implementation: ITF files (Apalache ADR-015), {@link
 *       org.dmabufspec.traces.ItfWriter} and {@link org.dmabufspec.traces.ItfReader}; corpus
 *       folders of them, {@link org.dmabufspec.traces.CorpusWriter} and {@link
 *       org.dmabufspec.traces.CorpusReader}.</li>
 *   <li>Implementation to spec: NDJSON event logs, {@link org.dmabufspec.traces.NdjsonLogWriter}
 *       and {@link org.dmabufspec.traces.NdjsonLogReader}, the same value encoding as ITF.</li>
 *   <li>Generation: {@link org.dmabufspec.traces.EdgeCoverGenerator} walks every edge of TLC's
 *       state graph and reports a {@link org.dmabufspec.traces.CoverageReport}.</li>
 * </ul>
 */
package org.dmabufspec.traces;
