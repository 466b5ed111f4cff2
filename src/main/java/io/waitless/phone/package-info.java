/**
 * Caller numbers with libphonenumber: which numbers may be texted, in E.164, and the keyed caller reference that stands for a number in Redis.
 */
package io.waitless.phone;
