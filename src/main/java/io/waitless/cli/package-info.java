/**
 * The picocli command line: serve, demo, config, prompts and simulate-call. Commands load the config, build what they need through App, and report with exit codes 0 (done), 1 (failed), 2 (bad usage).
 */
package io.waitless.cli;
