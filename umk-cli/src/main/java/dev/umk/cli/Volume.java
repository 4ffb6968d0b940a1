package dev.umk.cli;

/**
 * A host directory shown in the guest ({@code --volume HOST:GUEST[:ro|rw]}); read-write
 * unless ":ro" is given, so guest writes land on the host.
 */
record Volume(String hostPath, String guestPath, boolean readOnly) {
    /** Parses HOST:GUEST[:ro|rw]; IllegalArgumentException with a user-facing message when malformed. */
    static Volume parse(String spec) {
        String[] parts = spec.split(":", -1);
        if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new IllegalArgumentException("--volume wants HOST:GUEST[:ro|rw], got: " + spec);
        }
        boolean ro = false;
        if (parts.length == 3) {
            switch (parts[2]) {
                case "ro" -> ro = true;
                case "rw" -> ro = false;
                default -> throw new IllegalArgumentException("--volume mode must be ro or rw, got: " + parts[2]);
            }
        }
        if (!parts[1].startsWith("/")) throw new IllegalArgumentException("--volume guest path must be absolute: " + parts[1]);
        return new Volume(parts[0], parts[1], ro);
    }
}
