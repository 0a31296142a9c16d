package io.mihari.alert.mail;

import io.mihari.alert.config.AlertConfig;
import io.mihari.alert.store.Conflicts;
import io.mihari.alert.store.IndexSetup;
import io.mihari.alert.store.Indices;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import org.jboss.logging.Logger;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.FieldValue;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.opensearch._types.SortOrder;
import org.opensearch.client.opensearch.core.search.Hit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Persistent outbox: every mail is stored first, then sent; failures are retried with doubling
 * backoff until the SMTP server accepts, so an SMTP outage loses nothing and the real sent time is
 * what the SLA record shows.
 */
@ApplicationScoped
public class Outbox {

    private static final Logger LOG = Logger.getLogger(Outbox.class);
    private static final int BATCH = 50;
    /** How long a claimed mail is left to its sender before another instance may try it. */
    private static final Duration CLAIM = Duration.ofMinutes(2);
    /** Mail waiting for the immediate sender at most; more are left to the delivery round. */
    private static final int SENDER_QUEUE = 1000;

    private final OpenSearchClient client;
    private final Mailer mailer;
    private final Clock clock;
    private final AlertConfig config;
    private final Event<MailSent> sentEvents;
    private final IndexSetup indexSetup;
    private final ReentrantLock sending = new ReentrantLock();
    private final io.micrometer.core.instrument.MeterRegistry registry;
    private final io.micrometer.core.instrument.Counter failures;
    private final io.micrometer.core.instrument.Timer latency;
    private final java.util.concurrent.atomic.AtomicLong pending = new java.util.concurrent.atomic.AtomicLong();
    /**
     * Mail this instance failed to send, by id, with the retry instant it recorded: when the SMTP server answers
     * again after a failure, these go at once instead of at the end of their backoff (up to
     * {@code mihari.mail.max-retry-backoff}, 10 minutes, after the server is back) — but only a copy still exactly as
     * this instance left it (nobody claimed or sent it since), so nothing goes twice.
     */
    private final java.util.Map<String, Instant> heldBack = new java.util.concurrent.ConcurrentHashMap<>();
    /** Whether the last send failed: then every delivery round asks the SMTP server whether it answers again. */
    private volatile boolean smtpFailing;
    /**
     * Whether the SMTP server was seen down since the last failure — a send that could not connect, or the probe not
     * answering: only a server that was down and is back releases the held-back mail. A server that answers but
     * refuses a mail (550, greylisting) keeps the backoff — otherwise that mail would be tried on every delivery round.
     */
    private volatile boolean probeSawDown;
    private final SmtpProbe probe;
    /**
     * Sends each mail this instance queues at once: one thread, a bounded queue; what does not fit (or fails) is
     * sent by the delivery round.
     */
    private final java.util.concurrent.ExecutorService sender = new java.util.concurrent.ThreadPoolExecutor(1, 1, 0,
            java.util.concurrent.TimeUnit.MILLISECONDS, new java.util.concurrent.ArrayBlockingQueue<>(SENDER_QUEUE),
            r -> {
                Thread t = new Thread(r, "mihari-outbox-sender");
                t.setDaemon(true);
                return t;
            });

    /**
     * Tells the listeners (the SLA record: the incident is stored again) that a mail the sender sent was accepted, on
     * a thread of its own and in order, so the sender goes on to the next mail instead of waiting for incident
     * management — which, while an outage opens many incidents, is busy opening them.
     */
    private final java.util.concurrent.ExecutorService notifier = java.util.concurrent.Executors
            .newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "mihari-outbox-sent");
                t.setDaemon(true);
                return t;
            });

    Outbox(OpenSearchClient client, Mailer mailer, Clock clock, AlertConfig config, Event<MailSent> sentEvents,
            IndexSetup indexSetup, io.micrometer.core.instrument.MeterRegistry registry, SmtpProbe probe) {
        this.registry = registry;
        this.probe = probe;
        this.failures = io.micrometer.core.instrument.Counter.builder("mihari.mail.failures")
                .description("Mail send attempts the SMTP server did not accept (retried with backoff)")
                .register(registry);
        this.latency = io.micrometer.core.instrument.Timer.builder("mihari.mail.latency")
                .description("From queued in the outbox to accepted by the SMTP server")
                .publishPercentiles(0.5, 0.95).register(registry);
        io.micrometer.core.instrument.Gauge.builder("mihari.outbox.pending", pending,
                java.util.concurrent.atomic.AtomicLong::get)
                .description("Mail in the outbox not yet accepted by the SMTP server").register(registry);
        this.indexSetup = indexSetup;
        this.client = client;
        this.mailer = mailer;
        this.clock = clock;
        this.config = config;
        this.sentEvents = sentEvents;
    }

    /**
     * Stores the mail unless one with its id is already queued or sent, then hands it to this instance's sender,
     * which sends it at once (see {@link #sendNow}). No refresh is awaited (that would cost up to a second per mail
     * while incidents open): the sender claims the copy just stored, by the sequence number and primary term its
     * creation returned, and a delivery round that reads an older copy of a mail cannot send it twice, because
     * sending needs a claim on the current copy.
     */
    public void enqueue(OutboxMail mail) {
        org.opensearch.client.opensearch.core.CreateResponse created;
        try {
            created = client.create(c -> c.index(Indices.OUTBOX).id(mail.id()).document(mail));
        } catch (IOException | OpenSearchException e) {
            if (Conflicts.isConflict(e)) {
                return; // queued before (e.g. a retry after a storage failure)
            }
            throw e instanceof OpenSearchException ose ? ose
                    : new UncheckedIOException("cannot store mail " + mail.id() + " in the outbox", (IOException) e);
        }
        try {
            long seqNo = created.seqNo();
            long primaryTerm = created.primaryTerm();
            sender.execute(() -> sendNow(mail, seqNo, primaryTerm));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // the sender's queue is full or it is shutting down: the next delivery round sends it
            LOG.debugf("mail %s left to the delivery round (%s)", mail.id(), e.getMessage());
        }
    }

    /**
     * Sends one queued mail now: the copy this instance just stored, claimed by the sequence number and primary term
     * its creation returned — with optimistic concurrency exactly as a delivery round claims it — then sent. If the
     * copy has changed since (a delivery round claimed or sent it), the claim fails and the mail is left alone; a
     * failure leaves it to the delivery round (the retry path), so nothing is sent twice and nothing is lost.
     */
    void sendNow(OutboxMail mail, long seqNo, long primaryTerm) {
        if (!indexSetup.isInstalled()) {
            return; // still starting: the delivery round takes it
        }
        Instant now = clock.instant();
        if (!OutboxMail.PENDING.equals(mail.status()) || mail.nextAttemptAt() != null && mail.nextAttemptAt().isAfter(now)) {
            return; // not due yet: the delivery round sends it when it is
        }
        Optional<MailSent> sent;
        try {
            sent = claim(mail, seqNo, primaryTerm, now).flatMap(this::deliver);
        } catch (RuntimeException e) {
            LOG.warnf("mail %s: not sent at once (%s); the delivery round sends it", mail.id(), e.getMessage());
            return;
        }
        sent.ifPresent(this::tell);
    }

    /** Hands an accepted mail to the listeners on the notifier thread (at once if it is shutting down). */
    private void tell(MailSent sent) {
        try {
            notifier.execute(() -> sentEvents.fire(sent));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            sentEvents.fire(sent);
        }
    }

    @jakarta.annotation.PreDestroy
    void stopSender() {
        sender.shutdown();
        notifier.shutdown();
        try {
            if (!notifier.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS)) {
                LOG.warn("mails accepted by the SMTP server but not yet told to incident management at shutdown:"
                        + " their incidents' SLA records lack those sending instants (the outbox has them)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sends every pending mail whose time has come. */
    @Scheduled(every = "${mihari.mail.deliver-every:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void deliverDue() {
        if (!indexSetup.isInstalled()) {
            return; // still starting
        }
        List<MailSent> sent = new ArrayList<>();
        if (!sending.tryLock()) {
            return; // another delivery round is running
        }
        try {
            deliverDue(sent);
        } finally {
            sending.unlock();
        }
        // Told after the lock is released: listeners take their own locks.
        sent.forEach(sentEvents::fire);
    }

    private void deliverDue(List<MailSent> sent) {
        Instant now = clock.instant();
        try {
            pending.set(client.count(c -> c.index(Indices.OUTBOX).query(q -> q.term(t -> t.field("status")
                    .value(FieldValue.of(OutboxMail.PENDING))))).count());
        } catch (IOException | OpenSearchException e) {
            LOG.debugf("cannot count the outbox (%s)", e.getMessage());
        }
        List<Hit<OutboxMail>> due;
        try {
            due = client.search(s -> s.index(Indices.OUTBOX).size(BATCH).seqNoPrimaryTerm(true)
                    .query(q -> q.bool(b -> b
                            .filter(f -> f.term(t -> t.field("status").value(FieldValue.of(OutboxMail.PENDING))))
                            .filter(f -> f.range(r -> r.field("nextAttemptAt").lte(jsonString(now))))))
                    .sort(o -> o.field(f -> f.field("createdAt").order(SortOrder.Asc))), OutboxMail.class)
                    .hits().hits();
        } catch (IOException | OpenSearchException e) {
            LOG.warnf("cannot read the outbox (%s); will try again", e.getMessage());
            return;
        }
        for (Hit<OutboxMail> hit : due) {
            claim(hit, now).flatMap(this::deliver).ifPresent(sent::add);
        }
        releaseHeldBack(sent);
    }

    /**
     * After a failed send, asks the SMTP server whether it answers (a connection, nothing sent); once it answers again
     * after it was seen down (a send that could not connect, or the probe), sends at once the mail this instance holds
     * back, each only if its stored copy is still the one this instance wrote when the send failed (same retry instant,
     * claimed by nobody since).
     */
    private void releaseHeldBack(List<MailSent> sent) {
        if (!smtpFailing || heldBack.isEmpty()) {
            return;
        }
        if (!probe.answers()) {
            probeSawDown = true;
            return;
        }
        if (!probeSawDown) {
            return; // it answered all along: the failures were the server's refusals, their backoff stands
        }
        smtpFailing = false;
        probeSawDown = false;
        LOG.infof("the SMTP server answers again: %d mail held back by its outage go now", heldBack.size());
        for (var entry : List.copyOf(heldBack.entrySet())) {
            if (smtpFailing) {
                return; // failing again: the rest waits for the next answer
            }
            org.opensearch.client.opensearch.core.GetResponse<OutboxMail> current;
            try {
                current = client.get(g -> g.index(Indices.OUTBOX).id(entry.getKey()), OutboxMail.class);
            } catch (IOException | OpenSearchException e) {
                LOG.debugf("mail %s: cannot read it (%s); its backoff stands", entry.getKey(), e.getMessage());
                continue;
            }
            OutboxMail mail = current.source();
            heldBack.remove(entry.getKey());
            if (!current.found() || mail == null || !OutboxMail.PENDING.equals(mail.status())
                    || !entry.getValue().equals(mail.nextAttemptAt())) {
                continue; // sent or claimed since: not this instance's to send
            }
            claim(mail, current.seqNo(), current.primaryTerm(), clock.instant()).flatMap(this::deliver)
                    .ifPresent(sent::add);
        }
    }

    /**
     * Takes the mail for this instance with optimistic concurrency, so two alert-service instances never send
     * the same mail at the same time. A sender that dies after the claim leaves the mail due again once the
     * claim expires (at least once, never lost).
     */
    private Optional<OutboxMail> claim(Hit<OutboxMail> hit, Instant now) {
        return claim(hit.source(), hit.seqNo(), hit.primaryTerm(), now);
    }

    private Optional<OutboxMail> claim(OutboxMail mail, long seqNo, long primaryTerm, Instant now) {
        OutboxMail claimed = mail.claimed(now.plus(CLAIM));
        try {
            client.index(i -> i.index(Indices.OUTBOX).id(claimed.id()).document(claimed)
                    .ifSeqNo(seqNo).ifPrimaryTerm(primaryTerm));
            return Optional.of(claimed);
        } catch (IOException | OpenSearchException e) {
            if (Conflicts.isConflict(e)) {
                LOG.debugf("mail %s is being sent by another instance", claimed.id());
            } else {
                LOG.warnf("mail %s: cannot claim it (%s); will try again", claimed.id(), e.getMessage());
            }
            return Optional.empty();
        }
    }

    private Optional<MailSent> deliver(OutboxMail mail) {
        OutboxMail result;
        try {
            Mail message = Mail.withText(mail.to().get(0), mail.subject(), mail.text()).setHtml(mail.html());
            mail.to().stream().skip(1).forEach(message::addTo);
            if (MaintenanceMailer.isMaintenance(mail.kind())) {
                message.addHeader("X-Mihari-Maintenance", MaintenanceMailer.windowOf(mail.incidentId()));
            } else {
                message.addHeader("X-Mihari-Incident", mail.incidentId());
            }
            message.addHeader("Content-Language", mail.language());
            // One thread per incident (or maintenance window) and language in every mail client: the first report
            // (the request, or the registration of a window) is the thread's root, every later mail answers it.
            String root = threadRoot(mail.incidentId(), mail.language());
            if (rootOfThread(mail.kind())) {
                message.addHeader("Message-ID", root);
            } else {
                message.addHeader("Message-ID", "<" + mail.id() + "@mihari>");
                message.addHeader("In-Reply-To", root);
                message.addHeader("References", root);
            }
            mailer.send(message);
            result = mail.sent(clock.instant());
            LOG.infof("mail %s sent to %s", mail.id(), mail.to());
            if (mail.createdAt() != null && !result.sentAt().isBefore(mail.createdAt())) {
                latency.record(Duration.between(mail.createdAt(), result.sentAt()));
            }
            registry.counter("mihari.mail.sent", "kind", mail.kind()).increment();
        } catch (RuntimeException e) {
            Instant now = clock.instant();
            result = mail.failed(now, now.plus(backoff(mail.attempts())), e.getMessage());
            failures.increment();
            smtpFailing = true;
            if (connectionFailed(e)) {
                probeSawDown = true; // refused or unreachable: the server itself was down
            }
            LOG.warnf("mail %s not sent (attempt %d): %s", mail.id(), result.attempts(), e.getMessage());
        }
        OutboxMail update = result;
        try {
            client.index(i -> i.index(Indices.OUTBOX).id(update.id()).document(update));
            if (OutboxMail.SENT.equals(update.status())) {
                heldBack.remove(update.id());
            } else {
                heldBack.put(update.id(), update.nextAttemptAt());
            }
        } catch (IOException | OpenSearchException e) {
            // The mail may go out twice if this is not recorded; better twice than never.
            LOG.errorf("mail %s: cannot record the attempt (%s)", update.id(), e.getMessage());
        }
        return OutboxMail.SENT.equals(update.status())
                ? Optional.of(new MailSent(update.incidentId(), update.kind(), update.ref(), update.sentAt()))
                : Optional.empty();
    }

    /**
     * The Message-ID of the first mail of a thread in one language (an incident's first report, a maintenance window's
     * request or registration), which its later mails refer to.
     *
     * @param thread the incident's id, or a maintenance window's thread ({@code maintenance.<window>})
     */
    static String threadRoot(String thread, String language) {
        return "<" + thread + "." + language + "@mihari>";
    }

    /** Whether a mail of this kind starts its thread (everything else answers the thread's root). */
    static boolean rootOfThread(String kind) {
        return FirstReportMailer.KIND.equals(kind) || MaintenanceMailer.REQUEST.equals(kind)
                || MaintenanceMailer.REGISTERED.equals(kind);
    }

    /** Whether the send failed because no connection to the SMTP server could be made. */
    static boolean connectionFailed(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.net.ConnectException) {
                return true;
            }
        }
        return false;
    }

    /** 10 s, 20 s, 40 s … capped at the configured maximum. */
    Duration backoff(int previousAttempts) {
        Duration d = config.mail().retryBackoff();
        for (int i = 0; i < previousAttempts && d.compareTo(config.mail().maxRetryBackoff()) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(config.mail().maxRetryBackoff()) > 0 ? config.mail().maxRetryBackoff() : d;
    }

    private static org.opensearch.client.json.JsonData jsonString(Instant instant) {
        return org.opensearch.client.json.JsonData.of(instant.toString());
    }
}
