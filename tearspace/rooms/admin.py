"""The operator's clip library: the clips every host may put in a programme.

Like the rest of the admin, only staff reach it, and staff must have their second factor set up
first (`RequireStaffMFAMiddleware`).
"""

from django import forms
from django.contrib import admin
from django.core.files.uploadedfile import UploadedFile

from tearspace.rooms.actions import RoomError, check_clip_file
from tearspace.rooms.models import LibraryItem


class LibraryItemForm(forms.ModelForm):
    class Meta:
        model = LibraryItem
        fields = ("title", "content_note", "media")

    def clean_media(self) -> object:
        media = self.cleaned_data.get("media")
        if isinstance(media, UploadedFile):  # a new file (not the one already stored)
            try:
                check_clip_file(media)
            except RoomError as error:
                raise forms.ValidationError(error.reason) from None
        return media


@admin.register(LibraryItem)
class LibraryItemAdmin(admin.ModelAdmin):
    form = LibraryItemForm
    list_display = ("title", "content_note", "created_at")
    search_fields = ("title", "content_note")
    ordering = ("title",)
