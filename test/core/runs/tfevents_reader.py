"""An independent TensorBoard event-file reader for the tests: TFRecord framing with masked
CRC32C (implemented here from the Castagnoli polynomial, not shared with Wiregrad's code) and
the few protobuf fields of tensorflow.Event / Summary.Value, decoded by hand.

  python3 tfevents_reader.py FILE   ->  JSON: {"file_version": ..., "scalars": [[step, tag, value], ...]}
Exits non-zero with a message on a bad length CRC, data CRC or truncated record."""
import json
import struct
import sys

POLY = 0x82F63B78
TABLE = []
for i in range(256):
    c = i
    for _ in range(8):
        c = (c >> 1) ^ POLY if c & 1 else c >> 1
    TABLE.append(c)


def crc32c(data):
    c = 0xFFFFFFFF
    for b in data:
        c = TABLE[(c ^ b) & 0xFF] ^ (c >> 8)
    return c ^ 0xFFFFFFFF


def masked(data):
    c = crc32c(data)
    return (((c >> 15) | (c << 17)) + 0xA282EAD8) & 0xFFFFFFFF


def varint(buf, i):
    shift = result = 0
    while True:
        b = buf[i]
        i += 1
        result |= (b & 0x7F) << shift
        if not b & 0x80:
            return result, i
        shift += 7


def fields(buf):
    i = 0
    while i < len(buf):
        key, i = varint(buf, i)
        field, wire = key >> 3, key & 7
        if wire == 0:
            v, i = varint(buf, i)
        elif wire == 1:
            v = buf[i:i + 8]; i += 8
        elif wire == 5:
            v = buf[i:i + 4]; i += 4
        elif wire == 2:
            n, i = varint(buf, i)
            v = buf[i:i + n]; i += n
        else:
            raise ValueError("unsupported wire type %d" % wire)
        yield field, wire, v


def read(path):
    data = open(path, "rb").read()
    i, out = 0, {"file_version": None, "scalars": [], "records": 0}
    while i < len(data):
        if i + 12 > len(data):
            sys.exit("truncated record header at byte %d" % i)
        header = data[i:i + 8]
        (length,) = struct.unpack("<Q", header)
        (len_crc,) = struct.unpack("<I", data[i + 8:i + 12])
        if masked(header) != len_crc:
            sys.exit("bad length CRC at byte %d" % i)
        body = data[i + 12:i + 12 + length]
        (data_crc,) = struct.unpack("<I", data[i + 12 + length:i + 16 + length])
        if len(body) != length or masked(body) != data_crc:
            sys.exit("bad data CRC at byte %d" % i)
        i += 16 + length
        out["records"] += 1
        step, wall, values = 0, None, []
        for f, w, v in fields(body):
            if f == 1 and w == 1:
                (wall,) = struct.unpack("<d", v)
            elif f == 2 and w == 0:
                step = v
            elif f == 3 and w == 2:
                out["file_version"] = v.decode()
            elif f == 5 and w == 2:
                for sf, sw, sv in fields(v):
                    if sf == 1 and sw == 2:
                        tag, val = None, None
                        for vf, vw, vv in fields(sv):
                            if vf == 1 and vw == 2:
                                tag = vv.decode()
                            elif vf == 2 and vw == 5:
                                (val,) = struct.unpack("<f", vv)
                        values.append([step, tag, val])
        if wall is None:
            sys.exit("record without wall_time")
        out["scalars"].extend(values)
    return out


json.dump(read(sys.argv[1]), sys.stdout)
