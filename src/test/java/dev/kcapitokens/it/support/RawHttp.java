package dev.kcapitokens.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP/1.1 request over a socket bound to a chosen local address, for tests that need the server to see a
 * client address other than 127.0.0.1 (every 127.0.0.0/8 address is loopback on Linux).
 */
public final class RawHttp {

    private RawHttp() {
    }

    /** @return the status code and the body */
    public static String[] postForm(String localAddress, int port, String path, String form, String extraHeader) {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(30_000);
            byte[] body = form.getBytes(StandardCharsets.UTF_8);
            String head = "POST " + path + " HTTP/1.1\r\n"
                    + "Host: 127.0.0.1:" + port + "\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\n"
                    + "Content-Length: " + body.length + "\r\n"
                    + (extraHeader == null ? "" : extraHeader + "\r\n")
                    + "Connection: close\r\n\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String status = response.substring(9, 12);
            int bodyStart = response.indexOf("\r\n\r\n");
            return new String[] {status, bodyStart < 0 ? "" : response.substring(bodyStart + 4)};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
