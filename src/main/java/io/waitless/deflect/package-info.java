/**
 * The deflection decisions: which promotion a caller hears, whether their number may be texted, how many offers a stint in the queue made, and the {@link io.waitless.deflect.Deflector} that runs arrive, accept, send and ended against the journal, link-store and SMS ports. Depends on the JDK, SLF4J and the ports in call, link and sms; never on Asterisk-Java, Jedis, an HTTP library or the config package.
 */
package io.waitless.deflect;
