/**
 * The FastAGI adapter: Asterisk-Java's server with a guarded socket (allowlist, bounded lines, HANGUP noted, deadlines), and one thin script per dialplan entry (arrive, accept, hangup) that translates the AGI session into calls on the deflector and ends by setting WAITLESS_STATUS. The only package that imports Asterisk-Java.
 */
package io.waitless.agi;
