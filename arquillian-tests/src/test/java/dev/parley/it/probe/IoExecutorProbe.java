package dev.parley.it.probe;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test deployments only: fills the shared I/O executor ({@code concurrent/parley/io}) with tasks that block until
 * released (or for at most two minutes), as SSE deliveries and run dispatch stuck on a loaded machine would.
 */
@ApplicationScoped
@Path("it-probe/io-executor")
public class IoExecutorProbe {

    @Resource(lookup = "concurrent/parley/io")
    ManagedExecutorService io;

    private final AtomicInteger submitted = new AtomicInteger();
    private final AtomicInteger started = new AtomicInteger();
    private volatile CountDownLatch gate = new CountDownLatch(1);

    @POST
    @Path("occupy/{count}")
    public String occupy(@PathParam("count") int count) {
        CountDownLatch mine = gate;
        for (int i = 0; i < count; i++) {
            submitted.incrementAndGet();
            io.execute(() -> {
                started.incrementAndGet();
                try {
                    mine.await(2, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        return state();
    }

    /** "started/submitted": how many of the occupying tasks got a thread so far. */
    @GET
    public String state() {
        return started.get() + "/" + submitted.get();
    }

    @POST
    @Path("release")
    public String release() {
        CountDownLatch old = gate;
        gate = new CountDownLatch(1);
        old.countDown();
        return state();
    }
}
