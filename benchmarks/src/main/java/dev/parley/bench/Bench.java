package dev.parley.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the benchmark programs share: their command line, the server's heap, percentiles. */
final class Bench {

    private Bench() {
    }

    /** {@code --name value} pairs into the map; every other word, in order, into {@code words}. */
    static Map<String, String> options(String[] args, List<String> words) {
        Map<String, String> opt = new ConcurrentHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--")) {
                opt.put(args[i].substring(2), args[++i]);
            } else {
                words.add(args[i]);
            }
        }
        return opt;
    }

    /** Heap used by the JVM {@code pid} right after a full GC (jcmd), or -1 without a pid. */
    static long usedHeapKb(String pid) throws Exception {
        if (pid == null) {
            return -1;
        }
        run("jcmd", pid, "GC.run");
        Matcher m = Pattern.compile("used (\\d+)K").matcher(run("jcmd", pid, "GC.heap_info"));
        if (!m.find()) {
            throw new IllegalStateException("no heap figure from jcmd");
        }
        return Long.parseLong(m.group(1));
    }

    static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    /** The {@code p}th percentile (nearest rank). */
    static double percentile(List<Double> values, int p) {
        List<Double> s = new ArrayList<>(values);
        Collections.sort(s);
        return s.get(Math.max(0, Math.min(s.size() - 1, (int) Math.ceil(s.size() * p / 100.0) - 1)));
    }

    static double max(List<Double> values) {
        return Collections.max(values);
    }
}
