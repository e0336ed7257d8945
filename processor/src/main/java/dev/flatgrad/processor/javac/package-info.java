/**
 * The javac front-end, and the only place that touches javac: the annotation processor asks
 * javac for each compilation unit's source, runs the engine, writes the generated classes and
 * reports the engine's diagnostics as javac errors on their lines; {@code JavacSymbols} answers
 * the engine's questions about other classes from javac's symbol table.
 */
package dev.flatgrad.processor.javac;
