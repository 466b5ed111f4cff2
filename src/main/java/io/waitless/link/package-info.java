/**
 * Short links and the signed tokens they hand on: unguessable codes, the {@link io.waitless.link.LinkStore}
 * port and its Redis adapter; {@link io.waitless.link.LinkTokens} (JWT HS256 with key rotation) and the
 * single-use {@link io.waitless.link.TokenLedger} port with its Redis adapter. Depends on the core, Jedis
 * and nimbus-jose-jwt only.
 */
package io.waitless.link;
