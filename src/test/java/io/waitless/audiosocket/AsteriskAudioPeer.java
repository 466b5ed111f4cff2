package io.waitless.audiosocket;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Asterisk's side of one AudioSocket connection on a real loopback socket: the test writes raw bytes; a
 * background thread decodes every frame the server sends, with its arrival time, until the server closes.
 * A frame the decoder cannot read is recorded as the {@link #malformed} failure: the server must only send
 * well-formed frames.
 */
final class AsteriskAudioPeer implements AutoCloseable {
    record Received(Frame frame, long nanos) {
    }

    private final Socket socket;
    private final OutputStream out;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch eof = new CountDownLatch(1);
    volatile Exception malformed;

    AsteriskAudioPeer(int port) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(10_000);
        out = socket.getOutputStream();
        InputStream in = socket.getInputStream();
        Thread.ofVirtual().start(() -> {
            FrameDecoder d = new FrameDecoder(in);
            try {
                for (Frame f = d.read(); f != null; f = d.read()) {
                    received.add(new Received(f, System.nanoTime()));
                }
            } catch (java.net.SocketException e) {
                // our own close() or a reset after the server closed: both end the recording
            } catch (Exception e) {
                malformed = e;
            } finally {
                eof.countDown();
            }
        });
    }

    void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    void send(Frame f) throws IOException {
        send(FrameEncoder.encode(f));
    }

    /** Replays captured bytes frame by frame; audio frames {@code gap} apart, like Asterisk does. */
    void replay(byte[] capture, Duration gap) throws IOException, InterruptedException {
        FrameDecoder d = new FrameDecoder(new ByteArrayInputStream(capture));
        for (Frame f = d.read(); f != null; f = d.read()) {
            send(f);
            if (f instanceof Frame.Audio && !gap.isZero()) {
                Thread.sleep(gap);
            }
        }
    }

    /** Whether the server closed the connection within {@code timeout}. */
    boolean awaitClose(Duration timeout) throws InterruptedException {
        return eof.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    List<Frame> frames() {
        return received.stream().map(Received::frame).toList();
    }

    void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
