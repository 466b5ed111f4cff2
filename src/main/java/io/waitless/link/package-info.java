/**
 * Short links: unguessable codes, the {@link io.waitless.link.LinkStore} port and its Redis adapter.
 */
package io.waitless.link;
