/**
 * The model contract's basics: input layouts and the exception that refuses a model, with one line saying
 * what was expected and found.
 */
package dev.tubelet.model;
