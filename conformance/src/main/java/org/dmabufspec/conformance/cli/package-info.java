/**
 * The {@code dmabuf} command line ({@link org.dmabufspec.conformance.cli.DmabufCommand}, run by
 * the root script {@code ./dmabuf}): {@code check}, {@code traces}, {@code replay},
 * {@code corpus}, {@code review}, and without a subcommand the main job (model-check, generate,
 * replay, summarize).
 */
package org.dmabufspec.conformance.cli;
