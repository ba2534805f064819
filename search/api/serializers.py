from rest_framework import serializers


class SearchQuerySerializer(serializers.Serializer):
    q = serializers.CharField(max_length=200, help_text="Words to find: websearch syntax on PostgreSQL.")
    type = serializers.CharField(required=False, allow_blank=True, help_text="One type of result, e.g. `task`.")


class HitSerializer(serializers.Serializer):
    type = serializers.CharField(source="source.key")
    type_label = serializers.CharField(source="source.label")
    id = serializers.SerializerMethodField()
    title = serializers.CharField()
    snippet = serializers.SerializerMethodField()
    url = serializers.CharField()
    rank = serializers.FloatField()

    def get_id(self, hit) -> str:
        return str(hit.obj.pk)  # text: a file's id is a uuid

    def get_snippet(self, hit) -> str:
        from search.highlight import snippet

        return snippet(hit.body, self.context.get("words", []))
