/**
 * Stage 5, emit: deterministic naming (user names kept, {@code d} + name for adjoints) and
 * printing of the IR as Java through JavaPoet: the generated class with its gradient methods,
 * result records and check helpers, and the computational graph for reports. JavaPoet's
 * modifiers are {@code javax.lang.model.element.Modifier}: the only javax.lang.model type the
 * engine touches.
 */
package dev.flatgrad.processor.emit;
