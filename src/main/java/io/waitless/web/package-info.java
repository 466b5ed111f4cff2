/**
 * The node's HTTP side on Javalin: the short-link redirect, the self-service site's token API, the SMS
 * webhooks, the analysts' report API and dashboard (over {@code report.Analytics}, behind an API key or a
 * login), health and the Prometheus scrape. May depend on {@code call}, {@code deflect}, {@code link},
 * {@code phone}, {@code report} and {@code config}; stores come in as ports (only the replay guard has its Redis
 * adapter here).
 */
package io.waitless.web;
