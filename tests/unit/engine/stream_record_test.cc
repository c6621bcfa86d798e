#include "engine/stream_record.h"

#include <gtest/gtest.h>

namespace cairn::engine {
namespace {

class StreamRecordTest : public ::testing::Test {
 protected:
  StreamRecordTest() {
    table_.name = "t";
    table_.hash_key = {"p", AttrType::S};
    table_.range_key = KeyElement{"c", AttrType::N};
  }

  static Item item(const std::string& p, const std::string& c) {
    Item i;
    i["p"] = AttributeValue::string(p);
    i["c"] = AttributeValue::number(c);
    return i;
  }
  static Item with(Item i, const std::string& name, AttributeValue v) {
    i[name] = std::move(v);
    return i;
  }
  static AttributeValue string_set(std::vector<std::string> members) {
    AttributeValue v;
    v.type = AttrType::SS;
    v.set = std::move(members);
    return v;
  }

  std::optional<StreamRecord> change(StreamViewType view, const Item* before, const Item* after) {
    return describe_change(table_, view, before, after, ChangeOrigin::kRequest, 1000);
  }

  TableInfo table_;
};

TEST_F(StreamRecordTest, ANewItemIsAnInsertWithItsNewImage) {
  const Item after = with(item("a", "1"), "x", AttributeValue::string("v"));
  auto r = change(StreamViewType::kNewAndOldImages, nullptr, &after);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->event, StreamEventName::kInsert);
  EXPECT_EQ(r->keys, item("a", "1"));
  EXPECT_EQ(r->new_image, after);
  EXPECT_FALSE(r->old_image);
  EXPECT_EQ(r->created_ms, 1000);
}

TEST_F(StreamRecordTest, AChangedItemIsAModifyWithBothImages) {
  const Item before = with(item("a", "1"), "x", AttributeValue::string("v"));
  const Item after = with(item("a", "1"), "y", AttributeValue::string("w"));
  auto r = change(StreamViewType::kNewAndOldImages, &before, &after);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->event, StreamEventName::kModify);
  EXPECT_EQ(r->old_image, before);
  EXPECT_EQ(r->new_image, after);
}

TEST_F(StreamRecordTest, ARemovedItemIsARemoveWithItsOldImage) {
  const Item before = with(item("a", "1"), "x", AttributeValue::string("v"));
  auto r = change(StreamViewType::kNewAndOldImages, &before, nullptr);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->event, StreamEventName::kRemove);
  EXPECT_EQ(r->keys, item("a", "1"));
  EXPECT_EQ(r->old_image, before);
  EXPECT_FALSE(r->new_image);
}

TEST_F(StreamRecordTest, AnItemWithOnlyItsKeyStillHasImages) {
  const Item key_only = item("a", "1");
  const Item after = with(item("a", "1"), "z", AttributeValue::number("4"));
  auto r = change(StreamViewType::kNewAndOldImages, &key_only, &after);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->old_image, key_only);
}

TEST_F(StreamRecordTest, TheViewTypeChoosesTheImages) {
  const Item before = with(item("a", "1"), "x", AttributeValue::string("v"));
  const Item after = with(item("a", "1"), "x", AttributeValue::string("w"));
  struct Case {
    StreamViewType view;
    bool new_image, old_image;
  };
  for (const Case& c :
       {Case{StreamViewType::kKeysOnly, false, false}, Case{StreamViewType::kNewImage, true, false},
        Case{StreamViewType::kOldImage, false, true},
        Case{StreamViewType::kNewAndOldImages, true, true}}) {
    auto r = change(c.view, &before, &after);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->new_image.has_value(), c.new_image) << static_cast<int>(c.view);
    EXPECT_EQ(r->old_image.has_value(), c.old_image) << static_cast<int>(c.view);
    EXPECT_EQ(r->keys, item("a", "1"));
  }
}

TEST_F(StreamRecordTest, AWriteThatChangesNothingHasNoRecord) {
  const Item same = with(item("a", "1"), "x", AttributeValue::number("2"));
  for (auto view : {StreamViewType::kKeysOnly, StreamViewType::kNewImage, StreamViewType::kOldImage,
                    StreamViewType::kNewAndOldImages}) {
    EXPECT_FALSE(change(view, &same, &same));
  }
}

TEST_F(StreamRecordTest, NothingBeforeAndNothingAfterHasNoRecord) {
  EXPECT_FALSE(change(StreamViewType::kNewAndOldImages, nullptr, nullptr));
}

// DynamoDB compares values, not their serialization: a set or map whose members come in
// another order is the same value (ScyllaDB's test_streams_updateitem_equal_but_not_identical).
TEST_F(StreamRecordTest, MembersInAnotherOrderAreNoChange) {
  AttributeValue m1;
  m1.type = AttrType::M;
  m1.map["dog"] = AttributeValue::number("1");
  m1.map["cat"] = AttributeValue::number("2");
  AttributeValue m2;
  m2.type = AttrType::M;
  m2.map["cat"] = AttributeValue::number("2");
  m2.map["dog"] = AttributeValue::number("1");
  const Item before = with(with(item("a", "1"), "m", m1), "s", string_set({"x", "y", "z"}));
  const Item after = with(with(item("a", "1"), "m", m2), "s", string_set({"z", "x", "y"}));
  EXPECT_FALSE(change(StreamViewType::kNewAndOldImages, &before, &after));
}

TEST_F(StreamRecordTest, ADifferentSetIsAChange) {
  const Item before = with(item("a", "1"), "s", string_set({"x", "y"}));
  const Item after = with(item("a", "1"), "s", string_set({"x", "z"}));
  EXPECT_TRUE(change(StreamViewType::kKeysOnly, &before, &after));
}

TEST_F(StreamRecordTest, SizeBytesCountsTheKeysAndTheImagesCarried) {
  // Keys p="a" (1 + 1 bytes) and c=1 (1 + 2 bytes): 5 bytes.
  const Item after = item("a", "1");
  auto keys_only = change(StreamViewType::kKeysOnly, nullptr, &after);
  ASSERT_TRUE(keys_only);
  EXPECT_EQ(keys_only->size_bytes(), 5u);
  auto with_image = change(StreamViewType::kNewImage, nullptr, &after);
  ASSERT_TRUE(with_image);
  EXPECT_EQ(with_image->size_bytes(), 10u);
}

TEST_F(StreamRecordTest, TheStoredFormRoundTrips) {
  const Item before = with(item("a", "1"), "x", AttributeValue::string("v"));
  auto r = describe_change(table_, StreamViewType::kNewAndOldImages, &before, nullptr,
                           ChangeOrigin::kTimeToLive, 1234567);
  ASSERT_TRUE(r);
  StreamRecord back = decode_stream_record(encode_stream_record(*r), 42);
  EXPECT_EQ(back.sequence, 42u);
  EXPECT_EQ(back.event, StreamEventName::kRemove);
  EXPECT_EQ(back.created_ms, 1234567);
  EXPECT_EQ(back.keys, r->keys);
  EXPECT_EQ(back.old_image, before);
  EXPECT_FALSE(back.new_image);
  EXPECT_EQ(back.origin, ChangeOrigin::kTimeToLive);
}

}  // namespace
}  // namespace cairn::engine
