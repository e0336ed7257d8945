/**
 * The {@code report} goal's work: {@link dev.flatgrad.maven.report.Reporter} runs the engine over
 * the sources as {@code generate} does and collects its per-method reports; {@link
 * dev.flatgrad.maven.report.Site} writes them as static HTML. Java is highlighted here, from
 * JavaParser's tokens; the graph is written as Graphviz DOT and laid out in the page by Graphviz
 * compiled to WebAssembly (viz.js, a dependency of the plugin copied beside the pages), so no
 * layout code lives in flatgrad and the pages need no network.
 */
package dev.flatgrad.maven.report;
