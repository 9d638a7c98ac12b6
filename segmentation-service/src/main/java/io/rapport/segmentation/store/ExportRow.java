package io.rapport.segmentation.store;

import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.BsonReader;
import org.bson.BsonType;
import org.bson.BsonWriter;
import org.bson.codecs.BsonTypeClassMap;
import org.bson.codecs.BsonTypeCodecMap;
import org.bson.codecs.Codec;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.EncoderContext;
import org.bson.codecs.configuration.CodecRegistry;

/**
 * One exported membership: the values of the export's columns by position, as the driver's
 * {@code Document} would hold them (int32 {@code Integer}, int64 {@code Long}, double {@code Double},
 * string {@code String}, date {@code Date}, a missing field or BSON null {@code null}).
 */
public final class ExportRow {
    private final Object[] values;

    ExportRow(Object[] values) {
        this.values = values;
    }

    /** The value of the column at this position of the export's column list, or null. */
    public Object get(int column) {
        return values[column];
    }

    /**
     * Decodes a membership straight from the BSON reader into the export's columns: no map, no field
     * names kept, other fields skipped. An export decodes every member of a segment, and building a
     * {@code Document} per row (a hash map of all fields) was most of its allocation.
     */
    static final class RowCodec implements Codec<ExportRow> {
        private final Map<String, Integer> positions = new HashMap<>();
        private final int width;
        private final BsonTypeCodecMap others;

        RowCodec(List<String> columns, CodecRegistry registry) {
            for (int i = 0; i < columns.size(); i++) {
                positions.put(columns.get(i), i);
            }
            this.width = columns.size();
            // the rarer types decode as the Document codec decodes them
            this.others = new BsonTypeCodecMap(new BsonTypeClassMap(), registry);
        }

        @Override
        public ExportRow decode(BsonReader reader, DecoderContext context) {
            Object[] values = new Object[width];
            reader.readStartDocument();
            while (reader.readBsonType() != BsonType.END_OF_DOCUMENT) {
                Integer position = positions.get(reader.readName());
                if (position == null) {
                    reader.skipValue();
                    continue;
                }
                values[position] = switch (reader.getCurrentBsonType()) {
                    case STRING -> reader.readString();
                    case DOUBLE -> reader.readDouble();
                    case INT32 -> reader.readInt32();
                    case INT64 -> reader.readInt64();
                    case DATE_TIME -> new Date(reader.readDateTime());
                    case NULL -> {
                        reader.readNull();
                        yield null;
                    }
                    default -> context.decodeWithChildContext(others.get(reader.getCurrentBsonType()), reader);
                };
            }
            reader.readEndDocument();
            return new ExportRow(values);
        }

        @Override
        public void encode(BsonWriter writer, ExportRow value, EncoderContext context) {
            throw new UnsupportedOperationException("export rows are read only");
        }

        @Override
        public Class<ExportRow> getEncoderClass() {
            return ExportRow.class;
        }
    }
}
