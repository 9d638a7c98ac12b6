package io.rapport.scoring.store;

import io.rapport.scoring.domain.ComponentKind;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;

/** The field encodings shared by the small packed values of the state document (published score, recent history). */
final class PackedFields {
    private PackedFields() {}

    /** A string as its UTF-8 length and bytes (-1: null); no 64 KB limit, unlike {@code writeUTF}. */
    static void writeText(DataOutputStream out, String text) throws IOException {
        if (text == null) {
            out.writeInt(-1);
            return;
        }
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    static String readText(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) return null;
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    /** Component values by component name (names, not ordinals: a new component does not shift the others). */
    static void writeValues(DataOutputStream out, Map<ComponentKind, Double> values) throws IOException {
        out.writeByte(values.size());
        for (Map.Entry<ComponentKind, Double> e : values.entrySet()) {
            writeText(out, e.getKey().name());
            out.writeDouble(e.getValue());
        }
    }

    static Map<ComponentKind, Double> readValues(DataInputStream in) throws IOException {
        int n = in.readUnsignedByte();
        EnumMap<ComponentKind, Double> values = new EnumMap<>(ComponentKind.class);
        for (int i = 0; i < n; i++) values.put(ComponentKind.valueOf(readText(in)), in.readDouble());
        return values;
    }
}
