/**
 * Spec traces replayed against a {@link org.dmabufspec.conformance.target.Target}.
 *
 * <p>{@link org.dmabufspec.conformance.replay.TraceGeneration} runs TLC on a trace model with
 * the state graph dumped and covers every edge with traces;
 * {@link org.dmabufspec.conformance.replay.Replayer} replays each trace, step by step, comparing
 * the outcome and every observed variable (after
 * {@link org.dmabufspec.conformance.replay.ValueNormalizer}) and reporting the first
 * {@link org.dmabufspec.conformance.replay.Mismatch} down to the differing keys;
 * {@link org.dmabufspec.conformance.replay.ReplaySummary} adds results up;
 * {@link org.dmabufspec.conformance.replay.CorpusSelector} picks the committed corpus.
 */
package org.dmabufspec.conformance.replay;
