package dev.tubelet.operators.window;

import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** Flink's type information for {@link ClipWindow}: serialized by {@link ClipWindowSerializer}. */
public final class ClipWindowTypeInfo extends TypeInformation<ClipWindow> {
    private static final long serialVersionUID = 1L;

    /** What {@code @TypeInfo} on {@link ClipWindow} names. */
    public static final class Factory extends TypeInfoFactory<ClipWindow> {
        @Override
        public TypeInformation<ClipWindow> createTypeInfo(Type type, Map<String, TypeInformation<?>> generics) {
            return new ClipWindowTypeInfo();
        }
    }

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<ClipWindow> getTypeClass() {
        return ClipWindow.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<ClipWindow> createSerializer(SerializerConfig config) {
        return new ClipWindowSerializer();
    }

    @Override
    public String toString() {
        return "ClipWindow";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ClipWindowTypeInfo;
    }

    @Override
    public int hashCode() {
        return ClipWindowTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(Object other) {
        return other instanceof ClipWindowTypeInfo;
    }
}
