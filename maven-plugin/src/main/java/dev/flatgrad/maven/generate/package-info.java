/**
 * The {@code generate} goal's work: run the engine on every out-of-date source and keep the
 * generated directory in step with the sources. Incremental by content digests, recorded in a
 * small state file under {@code target/}.
 */
package dev.flatgrad.maven.generate;
