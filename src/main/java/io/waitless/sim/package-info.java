/**
 * Asterisk's side of FastAGI, played over real sockets as captured from Asterisk 22, a model of app_queue's ordering, and a call simulator that follows dialplans/waitless.conf; and the abuse benchmark's population, runner and independent verifier. Used by simulate-call, the demo, bench abuse and the tests; never by the node itself.
 */
package io.waitless.sim;
