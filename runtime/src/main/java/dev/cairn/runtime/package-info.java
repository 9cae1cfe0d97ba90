/**
 * The Cairn runtime. Public: {@link dev.cairn.runtime.Cairn} and its builder, the run report
 * types ({@link dev.cairn.runtime.RunReport}, {@link dev.cairn.runtime.StageCallRecord},
 * {@link dev.cairn.runtime.Outcome}) and the storage SPI {@link dev.cairn.runtime.CheckpointStore}.
 * Everything else is package-private: the stage engine (key, memory tier, store, compute, record),
 * the key builder, the Kryo codec, the framed checkpoint file and the local directory store.
 */
package dev.cairn.runtime;
