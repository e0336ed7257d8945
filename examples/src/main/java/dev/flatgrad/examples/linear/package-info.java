/** The linear classifiers' losses of the CS231n exercise, as naive loops over samples and classes. */
package dev.flatgrad.examples.linear;
