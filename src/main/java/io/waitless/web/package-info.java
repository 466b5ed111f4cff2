/**
 * The node's HTTP side on Javalin: the short-link redirect, health and the Prometheus scrape.
 */
package io.waitless.web;
