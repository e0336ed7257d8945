/**
 * The names of what flatgrad generates, below every stage that needs one: Java's rules for
 * identifiers ({@link dev.flatgrad.processor.naming.JavaNames}) and the names of generated
 * methods, records and their components ({@link dev.flatgrad.processor.naming.GeneratedNames}),
 * so that the generator, the fence (which checks them for clashes) and the Maven plugin agree.
 */
package dev.flatgrad.processor.naming;
