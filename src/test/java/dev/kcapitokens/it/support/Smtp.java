package dev.kcapitokens.it.support;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * A real SMTP server (GreenMail) on a free loopback port, started by the test that needs it, and the realm settings
 * that make Keycloak send its mail there.
 */
public final class Smtp implements AutoCloseable {

    /** One received mail, its parts decoded. */
    public record Mail(List<String> to, String subject, String text, String html) {

        /** Subject and both bodies, for "appears nowhere" checks. */
        public String all() {
            return subject + "\n" + text + "\n" + html;
        }
    }

    private final GreenMail server;

    private Smtp(GreenMail server) {
        this.server = server;
    }

    public static Smtp start() {
        GreenMail server = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        server.start();
        return new Smtp(server);
    }

    public int port() {
        return server.getSmtp().getPort();
    }

    /** The realm's {@code smtpServer} settings for this server. */
    public Map<String, String> realmSettings() {
        return Map.of("host", "127.0.0.1", "port", Integer.toString(port()), "from", "keycloak@example.org",
                "auth", "false", "ssl", "false", "starttls", "false");
    }

    /** Every mail received so far to the address (the server has it once the sender's SMTP session ended). */
    public List<Mail> to(String address) {
        return all().stream().filter(mail -> mail.to().contains(address)).toList();
    }

    public List<Mail> all() {
        List<Mail> mails = new ArrayList<>();
        for (MimeMessage message : server.getReceivedMessages()) {
            mails.add(read(message));
        }
        return mails;
    }

    /** Waits until the address has at least {@code count} mails, and returns them. */
    public List<Mail> awaitTo(String address, int count, Duration timeout) {
        Poll.until(count + " mail(s) to " + address, timeout, () -> to(address).size() >= count);
        return to(address);
    }

    private static Mail read(MimeMessage message) {
        try {
            List<String> to = message.getAllRecipients() == null ? List.of()
                    : Arrays.stream(message.getAllRecipients()).map(Address::toString).toList();
            StringBuilder text = new StringBuilder();
            StringBuilder html = new StringBuilder();
            collect(message, text, html);
            return new Mail(to, message.getSubject(), text.toString(), html.toString());
        } catch (MessagingException | IOException e) {
            throw new AssertionError("unreadable mail", e);
        }
    }

    private static void collect(Part part, StringBuilder text, StringBuilder html) throws MessagingException, IOException {
        if (part.isMimeType("text/plain")) {
            text.append(part.getContent());
        } else if (part.isMimeType("text/html")) {
            html.append(part.getContent());
        } else if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                collect(child, text, html);
            }
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}
