package dev.kcapitokens.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * A minimal HTTP/1.1 client connection for load generation: pre-built request bytes, keep-alive on or off, and a
 * response reader for Content-Length and chunked bodies. Much cheaper per request than a general client, which
 * matters when the load generator shares the CPU with the server.
 */
final class HttpConnection implements AutoCloseable {

    private final String host;
    private final int port;
    private final boolean keepAlive;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    int status;
    byte[] body;

    HttpConnection(String host, int port, boolean keepAlive) {
        this.host = host;
        this.port = port;
        this.keepAlive = keepAlive;
    }

    /** Sends the request and reads the whole response; reconnects when the server or the mode closes the connection. */
    int send(byte[] request) throws IOException {
        if (socket == null) {
            open();
        }
        try {
            out.write(request);
            out.flush();
            read();
        } catch (IOException e) {
            close();
            throw e;
        }
        return status;
    }

    /**
     * HTTP/1.1 pipelining: writes every request at once on this keep-alive connection, then reads the answers in
     * order.
     *
     * @return the status of each answer
     */
    int[] sendPipelined(java.util.List<byte[]> requests) throws IOException {
        if (socket == null) {
            open();
        }
        int[] statuses = new int[requests.size()];
        try {
            for (byte[] request : requests) {
                out.write(request);
            }
            out.flush();
            for (int i = 0; i < statuses.length; i++) {
                if (socket == null) {
                    throw new IOException("the server closed a pipelined connection");
                }
                read();
                statuses[i] = status;
            }
        } catch (IOException e) {
            close();
            throw e;
        }
        return statuses;
    }

    boolean bodyContains(String text) {
        return new String(body, StandardCharsets.UTF_8).contains(text);
    }

    private void open() throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(host, port), 5000);
        socket.setSoTimeout(30_000);
        in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        out = socket.getOutputStream();
    }

    private void read() throws IOException {
        String statusLine = line();
        status = Integer.parseInt(statusLine.substring(9, 12));
        int length = -1;
        boolean chunked = false;
        boolean close = !keepAlive;
        for (String header; !(header = line()).isEmpty(); ) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Integer.parseInt(lower.substring(15).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            } else if (lower.startsWith("connection:") && lower.contains("close")) {
                close = true;
            }
        }
        if (chunked) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            for (int size; (size = Integer.parseInt(line().split(";")[0].trim(), 16)) > 0; ) {
                all.write(in.readNBytes(size));
                line();
            }
            while (!line().isEmpty()) {
                // trailers
            }
            body = all.toByteArray();
        } else if (length >= 0) {
            body = in.readNBytes(length);
        } else {
            body = in.readAllBytes();
            close = true;
        }
        if (close) {
            close();
        }
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder(64);
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0) {
                throw new IOException("connection closed by the server");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            socket = null;
        }
    }

    /** A form POST, ready to send. */
    static byte[] postForm(String host, int port, String path, String form, String basicUser, String basicPassword, boolean keepAlive) {
        byte[] body = form.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(256)
                .append("POST ").append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append(':').append(port).append("\r\n")
                .append("Content-Type: application/x-www-form-urlencoded\r\n")
                .append("Content-Length: ").append(body.length).append("\r\n");
        if (basicUser != null) {
            head.append("Authorization: Basic ").append(Base64.getEncoder().encodeToString(
                    (basicUser + ":" + basicPassword).getBytes(StandardCharsets.UTF_8))).append("\r\n");
        }
        if (!keepAlive) {
            head.append("Connection: close\r\n");
        }
        head.append("\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, request, 0, headBytes.length);
        System.arraycopy(body, 0, request, headBytes.length, body.length);
        return request;
    }

    /** A GET, optionally with a bearer token, ready to send. */
    static byte[] get(String host, int port, String path, String bearer, boolean keepAlive) {
        StringBuilder head = new StringBuilder(256)
                .append("GET ").append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append(':').append(port).append("\r\n");
        if (bearer != null) {
            head.append("Authorization: Bearer ").append(bearer).append("\r\n");
        }
        if (!keepAlive) {
            head.append("Connection: close\r\n");
        }
        return head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }
}
