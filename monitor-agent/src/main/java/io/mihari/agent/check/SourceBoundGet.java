package io.mihari.agent.check;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * One HTTP/1.1 GET over a socket bound to a local source address (Java 17's {@code HttpClient} cannot bind one):
 * {@code Connection: close}, the body read up to {@value #MAX_BODY} bytes (chunked bodies decoded), HTTPS verified
 * against the JVM's trust store and the host name, the whole exchange bounded by the timeout.
 */
final class SourceBoundGet {

    static final int MAX_BODY = 1_000_000;

    record Response(int status, String body, Instant certificateNotAfter) {
    }

    private SourceBoundGet() {
    }

    static Response get(URI url, InetAddress source, Duration timeout) throws IOException {
        boolean https = "https".equals(url.getScheme());
        String host = url.getHost();
        int port = url.getPort() > 0 ? url.getPort() : https ? 443 : 80;
        long deadline = System.nanoTime() + timeout.toNanos();
        Socket plain = new Socket();
        try {
            plain.bind(new InetSocketAddress(source, 0));
            plain.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            Socket socket = plain;
            Instant notAfter = null;
            if (https) {
                SSLSocket tls = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault())
                        .createSocket(plain, host, port, true);
                SSLParameters params = tls.getSSLParameters();
                params.setEndpointIdentificationAlgorithm("HTTPS");
                tls.setSSLParameters(params);
                tls.setSoTimeout(remaining(deadline));
                tls.startHandshake();
                Certificate[] chain = tls.getSession().getPeerCertificates();
                if (chain.length > 0 && chain[0] instanceof X509Certificate x509) {
                    notAfter = x509.getNotAfter().toInstant();
                }
                socket = tls;
            }
            String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
            if (url.getRawQuery() != null) {
                path += "?" + url.getRawQuery();
            }
            String hostHeader = url.getPort() > 0 ? host + ":" + url.getPort() : host;
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + hostHeader + "\r\nUser-Agent: mihari-agent\r\n"
                    + "Accept: */*\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String statusLine = line(socket, in, deadline);
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
                throw new IOException("not an HTTP answer: '" + statusLine + "'");
            }
            int status;
            try {
                status = Integer.parseInt(parts[1].trim());
            } catch (NumberFormatException e) {
                throw new IOException("not an HTTP status: '" + statusLine + "'");
            }
            boolean chunked = false;
            long length = -1;
            for (String header = line(socket, in, deadline); !header.isEmpty(); header = line(socket, in, deadline)) {
                String lower = header.toLowerCase(Locale.ROOT);
                if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                } else if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(lower.substring("content-length:".length()).trim());
                }
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            if (chunked) {
                while (body.size() < MAX_BODY) {
                    String size = line(socket, in, deadline);
                    int semicolon = size.indexOf(';');
                    long n = Long.parseLong((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
                    if (n == 0) {
                        break;
                    }
                    copy(socket, in, body, n, deadline);
                    line(socket, in, deadline); // the CRLF after the chunk
                }
            } else {
                copy(socket, in, body, length < 0 ? Long.MAX_VALUE : length, deadline);
            }
            return new Response(status, body.toString(StandardCharsets.UTF_8), notAfter);
        } finally {
            plain.close();
        }
    }

    private static int remaining(long deadline) throws SocketTimeoutException {
        long ms = (deadline - System.nanoTime()) / 1_000_000;
        if (ms <= 0) {
            throw new SocketTimeoutException("deadline passed");
        }
        return (int) Math.min(Integer.MAX_VALUE, ms);
    }

    private static String line(Socket socket, InputStream in, long deadline) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            socket.setSoTimeout(remaining(deadline));
            int b = in.read();
            if (b < 0) {
                if (line.size() == 0) {
                    throw new IOException("connection closed before the answer was complete");
                }
                break;
            }
            if (b == '\n') {
                break;
            }
            if (b != '\r') {
                line.write(b);
            }
            if (line.size() > 16_384) {
                throw new IOException("header line too long");
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    private static void copy(Socket socket, InputStream in, ByteArrayOutputStream body, long n, long deadline)
            throws IOException {
        byte[] buffer = new byte[8192];
        long left = n;
        while (left > 0 && body.size() < MAX_BODY) {
            socket.setSoTimeout(remaining(deadline));
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, Math.min(left, MAX_BODY - body.size())));
            if (read < 0) {
                return;
            }
            body.write(buffer, 0, read);
            left -= read;
        }
    }
}
