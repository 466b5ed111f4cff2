/**
 * Caller numbers with libphonenumber: which numbers may be texted (and why not), in E.164, the keyed caller
 * reference that stands for a number in Redis, and the optional HTTP line-type lookup (JDK HttpClient).
 */
package io.waitless.phone;
