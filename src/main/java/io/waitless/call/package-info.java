/**
 * The call's vocabulary: events of the deflection journal, outcomes, what Asterisk tells about a call, and the {@link io.waitless.call.Journal} port. JDK only; every other package may depend on it, it depends on none.
 */
package io.waitless.call;
