package io.waitless.ami;

/**
 * Asterisk's answer to {@code QueueWithdrawCaller}.
 *
 * @param withdrawn whether the withdraw was accepted ({@code Response: Success}); the caller then leaves the
 *                  queue within about a second, or after the current ring when at the head
 * @param message   Asterisk's {@code Message} ("Withdraw requested successfully", "Unable to request withdraw
 *                  from queue: No such caller", ...)
 */
public record WithdrawResult(boolean withdrawn, String message) {}
