package dev.kcapitokens.it.support;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Sends requests at the same moment, to provoke races between them. */
public final class Parallel {

    private Parallel() {
    }

    /** Runs every request on a thread of its own and returns the replies in the order given. */
    public static List<Reply> send(List<Callable<Reply>> requests) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(requests.size());
        try {
            List<Future<Reply>> pending = new ArrayList<>();
            for (Callable<Reply> request : requests) {
                pending.add(pool.submit(request));
            }
            List<Reply> replies = new ArrayList<>();
            for (Future<Reply> reply : pending) {
                replies.add(reply.get());
            }
            return replies;
        } finally {
            pool.shutdownNow();
        }
    }
}
