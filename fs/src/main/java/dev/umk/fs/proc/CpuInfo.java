package dev.umk.fs.proc;

import dev.umk.fs.Names;
import java.util.ArrayList;
import java.util.List;

/**
 * /proc/cpuinfo: one entry per vCPU, each a copy of the host's first CPU entry (guest code
 * runs on that CPU, so model, flags and bugs are the truth) with the numbering fields
 * rewritten for a one-socket machine of {@code cpus} cores.
 */
final class CpuInfo {
    private CpuInfo() {}

    static byte[] show(String hostText, int cpus) {
        List<String> entry = firstEntry(hostText);
        if (entry.isEmpty()) entry = fallbackEntry();
        ProcText o = new ProcText();
        for (int cpu = 0; cpu < cpus; cpu++) {
            for (String line : entry) o.put(renumber(line, cpu, cpus)).nl();
            o.nl();
        }
        return o.bytes();
    }

    /** The lines of the first entry (up to the first blank line), as VFS byte strings. */
    private static List<String> firstEntry(String text) {
        List<String> out = new ArrayList<>();
        for (String line : Names.fromUnicode(text).split("\n", -1)) {
            if (line.isBlank()) {
                if (!out.isEmpty()) break;
                continue;
            }
            out.add(line);
        }
        return out;
    }

    private static String renumber(String line, int cpu, int cpus) {
        int colon = line.indexOf(':');
        if (colon < 0) return line;
        String value = switch (line.substring(0, colon).trim()) {
            case "processor", "core id", "apicid", "initial apicid" -> Integer.toString(cpu);
            case "physical id" -> "0";
            case "siblings", "cpu cores" -> Integer.toString(cpus);
            default -> null;
        };
        return value == null ? line : line.substring(0, colon + 1) + " " + value;
    }

    /** Used when the host's text is unavailable: the fields programs look for, honestly vague. */
    private static List<String> fallbackEntry() {
        return List.of(
                "processor\t: 0",
                "vendor_id\t: unknown",
                "model name\t: umk virtual CPU",
                "physical id\t: 0",
                "siblings\t: 1",
                "core id\t\t: 0",
                "cpu cores\t: 1",
                "apicid\t\t: 0",
                "initial apicid\t: 0",
                "flags\t\t: fpu",
                "clflush size\t: 64",
                "cache_alignment\t: 64",
                "address sizes\t: 48 bits physical, 48 bits virtual",
                "power management:");
    }
}
