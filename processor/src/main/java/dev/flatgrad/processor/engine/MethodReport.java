package dev.flatgrad.processor.engine;

import dev.flatgrad.processor.base.Graph;

/**
 * What the report shows of one differentiated method: its source as the user wrote it, the
 * generated gradient method, and its computational graph.
 *
 * @param owner the qualified name of the user's class
 * @param method the method's name
 * @param line the line it is declared on
 * @param generatedClass the qualified name of the generated class
 * @param forwardSource the method as written
 * @param gradientSource the generated gradient method
 * @param graph its computational graph
 * @param tangentSource the generated tangent method, or null if none was asked for
 * @param hvpSource the generated Hessian-vector product method, or null if none was asked for
 */
public record MethodReport(
    String owner,
    String method,
    int line,
    String generatedClass,
    String forwardSource,
    String gradientSource,
    Graph graph,
    String tangentSource,
    String hvpSource) {}
