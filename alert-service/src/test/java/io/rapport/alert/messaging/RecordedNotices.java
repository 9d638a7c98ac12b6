package io.rapport.alert.messaging;

import io.rapport.alert.domain.notify.AlertNotice;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every AlertNotice the rules side fires, for assertions. */
@ApplicationScoped
public class RecordedNotices {
    private final List<AlertNotice> notices = new CopyOnWriteArrayList<>();

    void on(@Observes AlertNotice notice) {
        notices.add(notice);
    }

    /** The notices of one account, in the order fired. */
    public List<AlertNotice> of(String accountId) {
        return notices.stream().filter(n -> n.accountId().equals(accountId)).toList();
    }
}
