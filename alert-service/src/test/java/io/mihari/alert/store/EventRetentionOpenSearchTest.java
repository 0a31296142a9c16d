package io.mihari.alert.store;

import io.mihari.alert.config.AlertConfig;
import io.mihari.testsupport.MihariInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Retention against a real OpenSearch. Like the other wiring tests it runs on the application's real clock
 * (the module's {@code @QuarkusTest}s share one application, so the clock is not swapped here): the indices
 * are named relative to today and the configured number of days, so the scheduled run that may happen
 * meanwhile deletes exactly what the direct call does.
 */
@QuarkusTest
@WithTestResource(MihariInfraResource.class)
class EventRetentionOpenSearchTest {

    static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("uuuu.MM.dd");

    @Inject
    EventRetention retention;

    @Inject
    Clock clock;

    @Inject
    AlertConfig config;

    @ConfigProperty(name = "mihari.opensearch.url")
    String url;

    final HttpClient http = HttpClient.newHttpClient();

    int send(String method, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url + path)).header("Content-Type", "application/json")
                        .method(method, method.equals("PUT") ? HttpRequest.BodyPublishers.ofString("{}")
                                : HttpRequest.BodyPublishers.noBody())
                        .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    boolean exists(String index) throws Exception {
        return send("HEAD", "/" + index) == 200;
    }

    static String daily(LocalDate day) {
        return Indices.EVENTS_PREFIX + DAY.format(day);
    }

    @Test
    void onlyTheDailyIndicesOutsideTheKeptDaysAreDeleted() throws Exception {
        LocalDate today = EventRetention.today(clock.instant());
        int keepDays = config.retention().eventDays();
        String old = daily(today.minusDays(keepDays + 1L));
        String boundary = daily(today.minusDays(keepDays));
        String current = Indices.events(clock.instant());
        String notADay = Indices.EVENTS_PREFIX + "2001.02.30";
        String tomorrow = daily(today.plusDays(1));
        String future = daily(today.plusDays(2));
        boolean madeTomorrow = false;
        for (String index : new String[] {old, boundary, current, notADay, tomorrow, future}) {
            // today's index may exist already (other tests' events): 400 resource_already_exists is fine
            int status = send("PUT", "/" + index);
            assertThat(status).as(index).isIn(200, 400);
            madeTomorrow |= index.equals(tomorrow) && status == 200;
            assertThat(exists(index)).as(index).isTrue();
        }

        retention.run();

        // a run that straddled midnight would rightly have deleted the boundary index too
        assumeThat(EventRetention.today(clock.instant())).isEqualTo(today);
        assertThat(exists(old)).as(old).isFalse();
        assertThat(exists(boundary)).as(boundary).isTrue();
        assertThat(exists(current)).as(current).isTrue();
        assertThat(exists(notADay)).as(notADay).isTrue();
        assertThat(exists(tomorrow)).as(tomorrow).isTrue();
        assertThat(exists(future)).as("dated after tomorrow: " + future).isFalse();
        assertThat(exists(Indices.STATUS)).isTrue();
        assertThat(exists(Indices.INCIDENTS)).isTrue();
        assertThat(retention.run()).as("nothing left to delete").isEmpty();

        send("DELETE", "/" + boundary);
        send("DELETE", "/" + notADay);
        if (madeTomorrow) {
            send("DELETE", "/" + tomorrow);
        }
    }
}
